"""The labelled relevance set and how search is judged against it (nDCG@10, recall@10 per slice)."""
