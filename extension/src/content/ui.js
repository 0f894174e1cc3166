// One host element for everything Scrubs shows on a page: a closed shadow
// root (page styles neither break nor see inside it, and the page's
// scripts cannot reach into it: what Scrubs found, the card and the guard
// stay ours, review M1), a live region that reads the card to screen
// readers, and layers for marks, badges, the card and the guard. The host
// itself is a bare <div>; every element inside carries data-scrubs="<role>".

// (Each layer is one fixed box the size of the window; what is inside is
// placed absolutely in it, in window coordinates. A hundred fixed-position
// marks would each be a layer of their own to composite on every frame,
// which doubled the page's own repaint time on a long draft.)
const STYLE = `
:host { all: initial; }
* { box-sizing: border-box; }
.layer { position: fixed; inset: 0; pointer-events: none; z-index: 2147483646; contain: strict; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
[data-scrubs="mark"] { position: absolute; pointer-events: none; border-bottom: 2px solid; }
[data-scrubs="mark"].block { border-bottom-style: solid; border-color: #c5221f; background: rgba(197,34,31,.14); }
[data-scrubs="mark"].warn { border-bottom-style: dashed; border-color: #b26a00; background: rgba(242,153,0,.16); }
[data-scrubs="mark"].active { background: rgba(26,115,232,.22); outline: 2px solid #1a73e8; outline-offset: 1px; }
[data-scrubs="mirror"] { position: absolute; visibility: hidden; pointer-events: none; overflow: hidden; white-space: pre-wrap; overflow-wrap: break-word; word-wrap: break-word; }
.ui { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #202124; }
button { font: inherit; cursor: pointer; border-radius: 6px; border: 1px solid #9aa0a6; background: #fff; color: #202124; padding: 4px 10px; }
button:focus-visible, textarea:focus-visible, input:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
button.primary { background: #1a73e8; border-color: #1a73e8; color: #fff; }
button.danger { background: #fff; border-color: #c5221f; color: #c5221f; }
[data-scrubs="badge"], [data-scrubs="safe-reply"] { position: absolute; white-space: nowrap; pointer-events: auto; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 12px; line-height: 18px; box-shadow: 0 1px 3px rgba(0,0,0,.25); }
[data-scrubs="badge"].block { background: #c5221f; border-color: #c5221f; color: #fff; }
[data-scrubs="badge"].warn { background: #fde293; border-color: #b26a00; color: #3c2a00; }
[data-scrubs="badge"].checked { background: #fff; border: 1px solid #dadce0; color: #188038; box-shadow: none; font-weight: 400; opacity: .85; }
[data-scrubs="badge"].unchecked { background: #f1f3f4; border-color: #5f6368; color: #202124; white-space: nowrap; }
[data-scrubs="guard"].unchecked { border-top-color: #5f6368; }
[data-scrubs="safe-reply"] { background: #e8f0fe; border-color: #1a73e8; color: #174ea6; }
[data-scrubs="card"] { position: absolute; pointer-events: auto; width: 320px; max-width: calc(100vw - 16px); background: #fff; border: 1px solid #dadce0; border-left: 6px solid #b26a00; border-radius: 8px; padding: 10px 12px; box-shadow: 0 4px 16px rgba(0,0,0,.2); }
[data-scrubs="card"].block { border-left-color: #c5221f; }
[data-scrubs="card"] .sev { font-weight: 700; text-transform: uppercase; font-size: 11px; letter-spacing: .04em; }
[data-scrubs="card"].block .sev { color: #a50e0e; }
[data-scrubs="card"].warn .sev { color: #7a4a00; }
[data-scrubs="card"] h2 { font-size: 14px; margin: 2px 0 4px; }
[data-scrubs="card"] p { margin: 4px 0; }
[data-scrubs="card"] .actions, [data-scrubs="guard"] .actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 8px; }
[data-scrubs="card"] .hint { color: #5f6368; font-size: 11px; }
[data-scrubs="card"] .steps { display: flex; align-items: center; gap: 6px; margin-top: 6px; color: #5f6368; font-size: 12px; }
[data-scrubs="card"] .steps button { padding: 0 8px; font-size: 14px; line-height: 20px; }
[data-scrubs="card"] .confirm-box { margin-top: 8px; padding: 8px; background: #f1f3f4; border-radius: 6px; }
[data-scrubs="card"] .confirm-box p { margin: 0 0 6px; }
[data-scrubs="card"] label { display: block; margin: 4px 0; }
[data-scrubs="card"] button:disabled { opacity: .6; cursor: default; }
[data-scrubs="card"] .note { color: #5f6368; font-size: 12px; }
[data-scrubs="backdrop"] { position: absolute; inset: 0; background: rgba(32,33,36,.45); pointer-events: auto; display: flex; align-items: center; justify-content: center; }
[data-scrubs="guard"] { width: 440px; max-width: calc(100vw - 24px); max-height: calc(100vh - 24px); overflow: auto; background: #fff; border-radius: 10px; padding: 16px 18px; border-top: 6px solid #b26a00; box-shadow: 0 8px 32px rgba(0,0,0,.35); }
[data-scrubs="guard"].block { border-top-color: #c5221f; }
[data-scrubs="guard"] h2 { font-size: 17px; margin: 0 0 8px; }
[data-scrubs="guard"] ul { margin: 6px 0; padding-left: 20px; }
[data-scrubs="guard"] li { margin: 4px 0; }
[data-scrubs="guard"] fieldset { border: 1px solid #dadce0; border-radius: 6px; margin: 8px 0 0; }
[data-scrubs="guard"] label { display: block; margin: 3px 0; }
[data-scrubs="ask"] { width: 440px; max-width: calc(100vw - 24px); background: #fff; border-radius: 10px; padding: 16px 18px; border-top: 6px solid #1a73e8; box-shadow: 0 8px 32px rgba(0,0,0,.35); }
[data-scrubs="ask"] h2 { font-size: 17px; margin: 0 0 8px; }
[data-scrubs="ask"] label { display: block; font-weight: 600; margin-top: 8px; }
[data-scrubs="ask"] textarea { width: 100%; font: inherit; margin-top: 4px; border: 1px solid #9aa0a6; border-radius: 6px; padding: 6px; }
[data-scrubs="ask"] .actions, [data-scrubs="decision"] .actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 8px; }
[data-scrubs="ask"] .note { color: #3c4043; }
[data-scrubs="decision"] { position: absolute; pointer-events: auto; width: 340px; max-width: calc(100vw - 16px); background: #fff; border: 1px solid #dadce0; border-left: 6px solid #1e8e3e; border-radius: 8px; padding: 10px 12px; box-shadow: 0 4px 16px rgba(0,0,0,.2); }
[data-scrubs="decision"].rejected { border-left-color: #c5221f; }
[data-scrubs="decision"].rewrite { border-left-color: #1a73e8; }
[data-scrubs="decision"] p { margin: 4px 0; }
[data-scrubs="decision"] .title { font-weight: 600; }
[data-scrubs="decision"] blockquote { margin: 6px 0; padding: 6px 8px; background: #f1f3f4; border-radius: 6px; white-space: pre-wrap; }
[data-scrubs="decision"] .note { color: #5f6368; }
`;

// trusted wraps an event handler of Scrubs' own controls so that it acts
// only on what the person did: a click or key the page's scripts made up
// (isTrusted false) never presses "Post anyway", applies a fix or counts
// an override (review M1).
export function trusted(fn) {
  return (e) => {
    if (e.isTrusted) fn(e);
  };
}

export class UI {
  constructor() {
    const host = document.createElement('div');
    this.host = host;
    this.shadow = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.setAttribute('data-scrubs', 'style');
    style.textContent = STYLE;
    this.shadow.append(style);
    this.marks = this.#layer('marks');
    this.overlay = this.#layer('controls');
    this.cards = this.#layer('cards'); // above the badges, so none paints over the card
    this.modal = this.#layer('modal');
    this.announcer = this.el('div', 'announcer', { class: 'sr', role: 'status', 'aria-live': 'polite' });
    this.alerter = this.el('div', 'alerter', { class: 'sr', role: 'alert', 'aria-live': 'assertive' });
    // what the tests and the benchmark read (through the browser's
    // debugging protocol), inside the closed root where no page can
    this.state = this.el('div', 'state', { hidden: true });
    this.shadow.append(this.announcer, this.alerter, this.state);
    document.documentElement.append(host); // outside <body>, so the page's layout never shifts
  }

  #layer(role) {
    const l = this.el('div', `layer-${role}`, { class: 'layer ui' });
    this.shadow.append(l);
    return l;
  }

  // el makes an element with its data-scrubs role and attributes.
  el(tag, role, attrs = {}, ...children) {
    const e = document.createElement(tag);
    e.setAttribute('data-scrubs', role);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) e.append(c);
    return e;
  }

  announce(text, assertive = false) {
    const r = assertive ? this.alerter : this.announcer;
    r.textContent = '';
    // a fresh text node in a later task is what screen readers pick up
    setTimeout(() => (r.textContent = text), 30);
  }

  // contains tells whether a node (from an event's composed path) is ours.
  owns(node) {
    return node === this.host || (node && this.shadow.contains(node));
  }

  stamp(name, value) {
    this.state.setAttribute(`data-${name}`, String(value));
  }
}
