"""The library layer: the loaded project and the rules that every analysis and output shares."""
