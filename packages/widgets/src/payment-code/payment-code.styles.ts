import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    max-width: 100%;
    --mashang-payment-code-width: 340px;
    --mashang-payment-code-qr-size: 232px;
  }
  :host([elder]) {
    --mashang-payment-code-width: 440px;
    --mashang-payment-code-qr-size: 280px;
  }
  .card {
    box-sizing: border-box;
    width: var(--mashang-payment-code-width);
    max-width: 100%;
    padding: calc(var(--mashang-space) * 2.5);
    border: 1px solid var(--mashang-color-border);
    border-radius: calc(var(--mashang-radius) * 1.4);
    background: var(--mashang-color-bg);
    color: var(--mashang-color-text);
    text-align: center;
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: var(--mashang-space);
  }
  header {
    display: flex;
    align-items: center;
    justify-content: center;
    gap: var(--mashang-space);
    max-width: 100%;
  }
  .logo ::slotted(*) {
    display: block;
    width: 40px;
    height: 40px;
    border-radius: 50%;
    object-fit: cover;
  }
  :host([elder]) .logo ::slotted(*) {
    width: 56px;
    height: 56px;
  }
  .merchant {
    margin: 0;
    font-size: var(--mashang-font-size-large);
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  .amount {
    margin: 0;
    font-size: calc(var(--mashang-font-size-large) * 1.6);
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.01em;
  }
  .amount.open {
    font-size: var(--mashang-font-size);
    font-weight: 400;
    color: var(--mashang-color-text-muted);
  }
  .description,
  .hint,
  .limit {
    margin: 0;
    color: var(--mashang-color-text-muted);
    font-size: var(--mashang-font-size-small);
    overflow-wrap: anywhere;
  }
  .qr {
    padding: var(--mashang-space);
    background: var(--mashang-qr-light);
    border-radius: var(--mashang-radius);
    line-height: 0;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    padding: 0.15em 0.75em;
    border-radius: 999px;
    border: 1px solid currentColor;
    font-weight: 600;
    font-size: var(--mashang-font-size-small);
  }
  .badge.pending {
    color: var(--mashang-color-warning);
  }
  .countdown {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  .countdown.urgent {
    color: var(--mashang-color-danger);
  }
  .panel {
    box-sizing: border-box;
    width: 100%;
    min-height: calc(var(--mashang-payment-code-qr-size) * 0.8);
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: var(--mashang-space);
    padding: calc(var(--mashang-space) * 2);
    border-radius: var(--mashang-radius);
    border: 2px solid currentColor;
    background: var(--mashang-color-surface);
    font-weight: 600;
  }
  .panel .icon {
    font-size: calc(var(--mashang-font-size-large) * 2.2);
    line-height: 1;
  }
  .panel.paid {
    color: var(--mashang-color-success);
  }
  .panel.expired,
  .panel.cancelled,
  .panel.disabled {
    color: var(--mashang-color-warning);
  }
  .panel.error {
    color: var(--mashang-color-danger);
  }
  .panel.loading {
    color: var(--mashang-color-text-muted);
    border-style: dashed;
  }
  .panel p {
    margin: 0;
    color: var(--mashang-color-text);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: var(--mashang-space);
    width: 100%;
  }
  .actions button {
    flex: 1 1 auto;
  }
  .downloads button {
    font-size: var(--mashang-font-size-small);
  }
`;
