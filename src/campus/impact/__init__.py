"""Skills intelligence and impact: the regions' skills demand against the alliance's supply."""
