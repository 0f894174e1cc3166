// Content scripts are classic scripts; this one only brings in the ES
// modules (listed in web_accessible_resources) so the rest stays plain
// modules with one job per file.
(async () => {
  try {
    const { main } = await import(chrome.runtime.getURL('content/main.js'));
    main();
  } catch (e) {
    console.warn('scrubs: content script failed to start', e);
  }
})();
