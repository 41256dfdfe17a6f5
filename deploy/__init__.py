"""Serving the public: HAProxy in front of N Streamlit replicas under supervisord (see README.md)."""
