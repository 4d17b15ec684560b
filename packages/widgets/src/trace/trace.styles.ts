/** @module Styles of `<mashang-trace>`. */
import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    max-width: 36rem;
  }
  .trace {
    display: grid;
    gap: calc(var(--mashang-space) * 1.5);
  }
  .card {
    background: var(--mashang-color-bg);
    border: 1px solid var(--mashang-color-border);
    border-radius: var(--mashang-radius);
    padding: calc(var(--mashang-space) * 2);
  }
  .loading {
    color: var(--mashang-color-text-muted);
  }
  h2 {
    font-size: var(--mashang-font-size);
    margin: 0 0 var(--mashang-space);
    display: flex;
    align-items: center;
    gap: var(--mashang-space);
  }
  p {
    margin: 0;
  }
  .status {
    display: flex;
    gap: calc(var(--mashang-space) * 1.5);
    align-items: flex-start;
    padding: calc(var(--mashang-space) * 2);
    border-radius: var(--mashang-radius);
    border: 3px solid currentColor;
    background: var(--mashang-color-bg);
  }
  .status-genuine {
    color: var(--mashang-color-success);
  }
  .status-unknown_code,
  .status-recalled {
    color: var(--mashang-color-danger);
  }
  .status-expired {
    color: var(--mashang-color-warning);
  }
  .icon {
    flex: none;
    width: calc(var(--mashang-font-size-large) * 1.6);
    height: calc(var(--mashang-font-size-large) * 1.6);
  }
  .icon.small {
    width: 1.2em;
    height: 1.2em;
    color: var(--mashang-color-warning);
  }
  .status-title {
    font-size: var(--mashang-font-size-large);
    font-weight: 700;
  }
  .status-detail {
    color: var(--mashang-color-text);
    margin-top: calc(var(--mashang-space) / 2);
  }
  .product {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: calc(var(--mashang-space) * 2);
    align-items: start;
  }
  .product:not(:has(img)) {
    grid-template-columns: 1fr;
  }
  .image {
    width: 96px;
    height: 96px;
    object-fit: cover;
    border-radius: calc(var(--mashang-radius) - 2px);
    background: var(--mashang-color-surface);
  }
  .name {
    font-size: var(--mashang-font-size-large);
    margin-bottom: var(--mashang-space);
  }
  dl {
    margin: 0;
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: calc(var(--mashang-space) / 2) calc(var(--mashang-space) * 1.5);
  }
  .row {
    display: contents;
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
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .description {
    margin-top: var(--mashang-space);
  }
  .merchant-name {
    margin-bottom: var(--mashang-space);
  }
  .merchant-name {
    font-weight: 600;
  }
  .anomalies {
    border: 2px solid var(--mashang-color-warning);
  }
  .anomalies ul {
    margin: 0;
    padding-inline-start: 1.2em;
  }
  form {
    display: grid;
    gap: var(--mashang-space);
  }
  label {
    font-weight: 600;
  }
  .help,
  .muted {
    color: var(--mashang-color-text-muted);
  }
  .pin-row {
    display: flex;
    gap: var(--mashang-space);
    flex-wrap: wrap;
  }
  input {
    font: inherit;
    flex: 1 1 10em;
    min-width: 0;
    min-height: var(--mashang-target-size);
    padding: 0 var(--mashang-space);
    border: 1px solid var(--mashang-color-border);
    border-radius: var(--mashang-radius);
    background: var(--mashang-color-bg);
    color: var(--mashang-color-text);
    letter-spacing: 0.08em;
  }
  input[aria-invalid='true'] {
    border: 2px solid var(--mashang-color-danger);
  }
  .pin-result:empty {
    display: none;
  }
  .ok {
    color: var(--mashang-color-success);
    font-weight: 600;
  }
  .warn {
    color: var(--mashang-color-warning);
    font-weight: 600;
  }
  .bad {
    color: var(--mashang-color-danger);
    font-weight: 600;
  }
  .timeline {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--mashang-space) * 1.5);
  }
  .timeline > li {
    position: relative;
    padding-inline-start: calc(var(--mashang-space) * 3);
  }
  .timeline > li:not(:last-child)::after {
    content: '';
    position: absolute;
    inset-inline-start: 5px;
    top: 1.2em;
    bottom: calc(var(--mashang-space) * -1.5);
    border-inline-start: 2px solid var(--mashang-color-border);
  }
  .dot {
    position: absolute;
    inset-inline-start: 0;
    top: 0.4em;
    width: 12px;
    height: 12px;
    border-radius: 50%;
    background: var(--mashang-color-primary);
  }
  .step {
    font-weight: 600;
    display: flex;
    align-items: center;
    gap: calc(var(--mashang-space) / 2);
  }
  .disposition {
    margin-top: calc(var(--mashang-space) / 4);
  }
  .sensors {
    list-style: none;
    margin: calc(var(--mashang-space) / 2) 0 0;
    padding: calc(var(--mashang-space) / 2) var(--mashang-space);
    border-radius: calc(var(--mashang-radius) - 2px);
    background: var(--mashang-color-surface);
    display: grid;
    gap: calc(var(--mashang-space) / 4);
  }
  .reading {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  .alarm {
    color: var(--mashang-color-warning);
  }
  /* A step with an alarm or the recall: a hollow, thicker dot and the warning colour, besides the words. */
  .step-alarm .dot,
  .recall .dot {
    background: var(--mashang-color-bg);
    border: 3px solid var(--mashang-color-warning);
    width: 14px;
    height: 14px;
    inset-inline-start: -1px;
  }
  .recall .step {
    color: var(--mashang-color-warning);
  }
  .message {
    margin-bottom: var(--mashang-space);
  }
`;
