"""Drawing shared by infographics, share cards and video slides: the Vietnamese font,
its measurement and line wrapping, colours that pass contrast, and SVG → PNG."""
