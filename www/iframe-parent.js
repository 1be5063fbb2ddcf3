// Fits each <iframe data-fit> to the height its page reports (www/iframe-fit.js, in framed.html).
// Only a message from the frame's own window and origin counts, and only a finite positive number.
for (const frame of document.querySelectorAll('iframe[data-fit]')) {
  const origin = new URL(frame.src, location.href).origin;
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || event.origin !== origin) return;
    const height = event.data;
    if (typeof height !== 'number' || !Number.isFinite(height) || height <= 0 || height > 100000) return;
    frame.style.height = `${Math.ceil(height)}px`;
  });
}
