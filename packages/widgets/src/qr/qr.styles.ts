import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
  }
  figure {
    margin: 0;
    display: inline-flex;
    flex-direction: column;
    align-items: center;
    gap: var(--mashang-space);
  }
  svg {
    display: block;
    background: var(--mashang-qr-light);
  }
  .error {
    display: flex;
    align-items: center;
    justify-content: center;
    box-sizing: border-box;
    padding: var(--mashang-space);
    border: 2px dashed var(--mashang-color-danger);
    border-radius: var(--mashang-radius);
    color: var(--mashang-color-danger);
    background: var(--mashang-color-bg);
    text-align: center;
  }
  .error::before {
    content: '⚠';
    margin-inline-end: 0.4em;
  }
`;
