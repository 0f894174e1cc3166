// Bundled by the test run (esbuild) into vendor/lexical.js: a real Lexical
// plain-text editor, as Facebook and Instagram mount them.
import { createEditor, $getRoot, COMMAND_PRIORITY_HIGH, KEY_ENTER_COMMAND } from 'lexical';
import { registerPlainText } from '@lexical/plain-text';

// onEnter: what Enter sends (Shift+Enter is a new line); with modifier,
// only Ctrl+Enter or Cmd+Enter sends, as on X, and Enter is a new line.
window.mountLexical = function mountLexical(el, { onEnter, modifier = false } = {}) {
  const editor = createEditor({ namespace: el.getAttribute('aria-label') || 'composer', onError: (e) => console.error(e) });
  editor.setRootElement(el);
  registerPlainText(editor);
  if (onEnter) {
    editor.registerCommand(
      KEY_ENTER_COMMAND,
      (event) => {
        if (event && event.shiftKey) return false;
        if (modifier && !(event && (event.ctrlKey || event.metaKey))) return false;
        if (event) event.preventDefault();
        onEnter();
        return true;
      },
      COMMAND_PRIORITY_HIGH,
    );
  }
  const api = {
    editor,
    text: () => editor.getEditorState().read(() => $getRoot().getTextContent()),
    clear: () => editor.update(() => $getRoot().clear()),
  };
  (window.__editors ||= {})[el.id] = api;
  return api;
};
