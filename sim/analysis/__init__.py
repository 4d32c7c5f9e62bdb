"""Analysis: KPIs of a run, summaries across replications, comparisons."""
