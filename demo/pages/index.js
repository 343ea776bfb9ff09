// The embedded demo needs its host page on http://localhost:PORT (the frame is on http://127.0.0.1:PORT).
for (const link of document.querySelectorAll('[data-host-link]')) link.href = `http://localhost:${location.port}/host.html`;
