FROM python:3.13-slim-bookworm

# WeasyPrint needs Pango; Liberation fonts give the Arial/Times look of official documents.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
    fonts-liberation2 fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
 && useradd --system --uid 1000 sorong && mkdir -p /app/media && chown -R sorong /app/media
USER sorong
EXPOSE 8000
# Options in gunicorn.conf.py (read from /app), shared with docker-compose and the CI smoke test.
CMD ["gunicorn", "sorong_asn.wsgi"]
