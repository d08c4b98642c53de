"""The web app: HTML pages and their JSON twins over the same read models (`newsloom serve`)."""
