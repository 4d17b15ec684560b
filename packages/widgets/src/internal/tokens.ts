/**
 * @module Design tokens as `--mashang-*` custom properties: light (default), dark
 * (`theme="dark"` or the OS preference with `theme="auto"`), and 适老化 elder mode
 * (`mode="elder"` or `<html data-mashang-mode="elder">`): ≥ 18 pt text, ≥ 60 px targets,
 * contrast ≥ 4.5:1 (7:1 for body text here).
 */
import { css, unsafeCSS } from 'lit';

/** Dark colours, used by `theme="dark"` and by `theme="auto"` when the OS prefers dark. */
const dark = unsafeCSS(`
  --mashang-color-bg: #17191c;
  --mashang-color-surface: #232529;
  --mashang-color-text: #f2f3f5;
  --mashang-color-text-muted: #c2c6cc;
  --mashang-color-border: #4e5359;
  --mashang-color-primary: #5aa7ff;
  --mashang-color-on-primary: #0b1b2e;
  --mashang-color-success: #5fd38d;
  --mashang-color-warning: #f3b54a;
  --mashang-color-danger: #ff8077;
  --mashang-color-focus: #8cc2ff;
`);

export const tokens = css`
  :host {
    --mashang-font-family: var(--mashang-font, system-ui, -apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif);
    --mashang-font-size: 15px;
    --mashang-font-size-small: 13px;
    --mashang-font-size-large: 20px;
    --mashang-line-height: 1.5;
    --mashang-space: 8px;
    --mashang-radius: 10px;
    --mashang-target-size: 44px;
    --mashang-color-bg: #ffffff;
    --mashang-color-surface: #f5f6f8;
    --mashang-color-text: #1d2129;
    --mashang-color-text-muted: #4e5969;
    --mashang-color-border: #c9cdd4;
    --mashang-color-primary: #0b6bcb;
    --mashang-color-on-primary: #ffffff;
    --mashang-color-success: #0a7a3d;
    --mashang-color-warning: #9a5b00;
    --mashang-color-danger: #c2261d;
    --mashang-color-focus: #0b6bcb;
    --mashang-qr-dark: #000000;
    --mashang-qr-light: #ffffff;
    font-family: var(--mashang-font-family);
    font-size: var(--mashang-font-size);
    line-height: var(--mashang-line-height);
    color: var(--mashang-color-text);
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
    }
  }
  :host([elder]) {
    --mashang-font-size: 24px; /* 18 pt */
    --mashang-font-size-small: 24px;
    --mashang-font-size-large: 32px;
    --mashang-line-height: 1.6;
    --mashang-space: 12px;
    --mashang-target-size: 60px;
    --mashang-color-text: #000000;
    --mashang-color-text-muted: #1d2129;
    --mashang-color-border: #4e5969;
    --mashang-color-primary: #004c99;
    --mashang-color-success: #005c2b;
    --mashang-color-warning: #6b3f00;
    --mashang-color-danger: #9c1006;
  }
  :host([hidden]) {
    display: none !important;
  }
  :focus-visible {
    outline: 3px solid var(--mashang-color-focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    min-height: var(--mashang-target-size);
    min-width: var(--mashang-target-size);
    padding: 0 calc(var(--mashang-space) * 2);
    border-radius: var(--mashang-radius);
    border: 1px solid var(--mashang-color-border);
    background: var(--mashang-color-surface);
    color: var(--mashang-color-text);
    cursor: pointer;
  }
  button.primary {
    background: var(--mashang-color-primary);
    border-color: var(--mashang-color-primary);
    color: var(--mashang-color-on-primary);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }
`;
