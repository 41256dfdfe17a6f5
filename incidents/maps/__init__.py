"""Offline-first folium maps: local assets, the basemap and the incident layer (no Streamlit here)."""
