"""Tủ sách pháp luật số: the pipeline stages that turn editors' files into a bookshelf."""
