{% load static %}// The talent portal's service worker: the card page (with its signed QR code) stays
// readable when the network is weak or gone; every other page goes to the network.
const CACHE = "zugong-talent-card-v1";
const CARD = "{% url 'talent_portal:card' %}";
self.addEventListener("install", (event) => { self.skipWaiting(); });
self.addEventListener("activate", (event) => { event.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  const cacheable = url.pathname === CARD || url.pathname.startsWith("{% get_static_prefix %}talent/");
  if (!cacheable) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request))
  );
});
