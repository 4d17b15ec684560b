import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    max-width: 100%;
    --mashang-credit-code-width: 380px;
    --mashang-credit-grade-a: var(--mashang-color-success);
    --mashang-credit-grade-b: var(--mashang-color-primary);
    --mashang-credit-grade-c: var(--mashang-color-warning);
    --mashang-credit-grade-d: var(--mashang-color-danger);
  }
  :host([elder]) {
    --mashang-credit-code-width: 520px;
  }
  :host([layout='compact']) {
    --mashang-credit-code-width: 520px;
  }
  :host([layout='compact'][elder]) {
    --mashang-credit-code-width: 720px;
  }
  .card {
    box-sizing: border-box;
    width: var(--mashang-credit-code-width);
    max-width: 100%;
    padding: calc(var(--mashang-space) * 2);
    border: 1px solid var(--mashang-color-border);
    border-radius: calc(var(--mashang-radius) * 1.4);
    background: var(--mashang-color-bg);
    color: var(--mashang-color-text);
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: var(--mashang-space);
    text-align: center;
  }
  :host([layout='compact']) .card {
    flex-direction: row;
    flex-wrap: wrap;
    align-items: center;
    justify-content: center;
    text-align: start;
    gap: calc(var(--mashang-space) * 1.5);
    padding: calc(var(--mashang-space) * 1.5);
  }
  .info {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: var(--mashang-space);
    width: 100%;
  }
  :host([layout='compact']) .info {
    align-items: flex-start;
    flex: 1 1 12em;
    width: auto;
    gap: calc(var(--mashang-space) / 2);
  }
  h2 {
    margin: 0;
    font-size: var(--mashang-font-size-large);
    font-weight: 700;
  }
  :host([layout='compact']) h2 {
    font-size: var(--mashang-font-size);
  }
  .grade {
    display: inline-flex;
    align-items: center;
    gap: var(--mashang-space);
    padding: calc(var(--mashang-space) / 2) calc(var(--mashang-space) * 1.5) calc(var(--mashang-space) / 2) calc(var(--mashang-space) / 2);
    border-radius: 999px;
    border: 2px solid var(--grade-color);
    color: var(--grade-color);
    font-weight: 700;
  }
  .grade .letter {
    display: inline-grid;
    place-items: center;
    width: 2em;
    height: 2em;
    border-radius: 50%;
    background: var(--grade-color);
    color: var(--mashang-color-bg);
    font-size: 1.2em;
  }
  .grade-A {
    --grade-color: var(--mashang-credit-grade-a);
  }
  .grade-B {
    --grade-color: var(--mashang-credit-grade-b);
  }
  .grade-C {
    --grade-color: var(--mashang-credit-grade-c);
  }
  .grade-D {
    --grade-color: var(--mashang-credit-grade-d);
  }
  .meaning {
    margin: 0;
    color: var(--mashang-color-text-muted);
    font-size: var(--mashang-font-size-small);
  }
  dl {
    margin: 0;
    width: 100%;
    display: grid;
    grid-template-columns: auto 1fr;
    gap: calc(var(--mashang-space) / 2) var(--mashang-space);
    text-align: start;
  }
  :host([elder]) dl {
    grid-template-columns: 1fr;
    row-gap: 0;
  }
  :host([elder]) dd {
    margin-bottom: var(--mashang-space);
  }
  dt {
    color: var(--mashang-color-text-muted);
    font-size: var(--mashang-font-size-small);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .uscc {
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.02em;
  }
  .meta {
    margin: 0;
    display: flex;
    flex-direction: column;
    font-size: var(--mashang-font-size-small);
    color: var(--mashang-color-text-muted);
  }
  .name {
    margin: 0;
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  .state {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--mashang-space) / 2);
    margin: 0;
    font-weight: 700;
    color: var(--state-color);
  }
  :host([layout='full']) .state {
    font-size: var(--mashang-font-size-large);
  }
  .state .icon {
    display: inline-grid;
    place-items: center;
    width: 1.4em;
    height: 1.4em;
    border-radius: 50%;
    background: var(--state-color);
    color: var(--mashang-color-bg);
    line-height: 1;
  }
  .state-verified {
    --state-color: var(--mashang-color-success);
  }
  .state-expired,
  .state-unverifiable,
  .state-loading,
  .state-idle {
    --state-color: var(--mashang-color-warning);
  }
  .state-revoked,
  .state-invalid,
  .state-error {
    --state-color: var(--mashang-color-danger);
  }
  :host([layout='full']) .qr {
    order: 1;
  }
  :host([layout='full']) h2 {
    order: -2;
  }
  :host([layout='full']) .status {
    order: -1;
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: calc(var(--mashang-space) / 2);
  }
  .message {
    margin: 0;
    font-size: var(--mashang-font-size-small);
    color: var(--mashang-color-text);
  }
  :host([state='revoked']) .card,
  :host([state='invalid']) .card {
    border-color: var(--mashang-color-danger);
    border-width: 2px;
  }
  :host([state='revoked']) .grade .label,
  :host([state='expired']) .grade .label {
    text-decoration: line-through;
    text-decoration-thickness: 1px;
  }
  mashang-qr {
    display: block;
  }
`;
