"""UI pieces the pages share: data loading, URL state, the filter sidebar, the map and the timeline."""
