/** @module Styles of `<mashang-onboarding>`, on the shared `--mashang-*` tokens. */
import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    max-width: 720px;
    container-type: inline-size;
  }
  .base {
    background: var(--mashang-color-bg);
    border: 1px solid var(--mashang-color-border);
    border-radius: var(--mashang-radius);
    padding: calc(var(--mashang-space) * 2);
  }
  h2 {
    font-size: var(--mashang-font-size-large);
    margin: 0;
  }
  h3 {
    font-size: calc(var(--mashang-font-size) * 1.15);
    margin: calc(var(--mashang-space) * 2) 0 var(--mashang-space);
  }
  h4 {
    font-size: var(--mashang-font-size);
    margin: 0;
  }
  .progress {
    margin: 0;
    color: var(--mashang-color-text-muted);
  }
  .stepper {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: var(--mashang-space);
    padding: 0;
    margin: var(--mashang-space) 0 0;
    color: var(--mashang-color-text-muted);
    font-size: var(--mashang-font-size-small);
  }
  .stepper li {
    display: flex;
    align-items: center;
    gap: 4px;
  }
  .stepper .dot {
    display: inline-grid;
    place-items: center;
    min-width: 1.6em;
    height: 1.6em;
    border-radius: 50%;
    border: 1px solid var(--mashang-color-border);
  }
  .stepper .done .dot {
    background: var(--mashang-color-success);
    border-color: var(--mashang-color-success);
    color: var(--mashang-color-on-primary);
  }
  .stepper .current {
    color: var(--mashang-color-text);
    font-weight: 600;
  }
  .stepper .current .dot {
    background: var(--mashang-color-primary);
    border-color: var(--mashang-color-primary);
    color: var(--mashang-color-on-primary);
  }
  /* On narrow screens and in elder mode only the current step is named; the heading says the rest. */
  @container (max-width: 520px) {
    .stepper li:not(.current) .name {
      display: none;
    }
  }
  :host([elder]) .stepper li:not(.current) .name {
    display: none;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  .save-state {
    min-height: 1.5em;
    margin: var(--mashang-space) 0 0;
    color: var(--mashang-color-text-muted);
    font-size: var(--mashang-font-size-small);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    margin: 0 0 calc(var(--mashang-space) * 1.5);
  }
  fieldset.field {
    border: 0;
    padding: 0;
  }
  legend,
  label {
    font-weight: 600;
  }
  input[type='text'],
  select {
    font: inherit;
    min-height: var(--mashang-target-size);
    padding: 0 var(--mashang-space);
    border: 1px solid var(--mashang-color-border);
    border-radius: calc(var(--mashang-radius) / 2);
    background: var(--mashang-color-bg);
    color: var(--mashang-color-text);
    box-sizing: border-box;
    width: 100%;
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'] {
    border: 2px solid var(--mashang-color-danger);
  }
  .radio {
    display: flex;
    gap: var(--mashang-space);
    align-items: flex-start;
    min-height: var(--mashang-target-size);
    padding: var(--mashang-space);
    margin: 0 0 var(--mashang-space);
    border: 1px solid var(--mashang-color-border);
    border-radius: var(--mashang-radius);
    font-weight: normal;
    cursor: pointer;
    box-sizing: border-box;
  }
  .radio:has(input:checked) {
    border: 2px solid var(--mashang-color-primary);
    background: var(--mashang-color-surface);
  }
  .radio input {
    width: 1.2em;
    height: 1.2em;
    margin-top: 0.2em;
    flex: none;
  }
  .radio-label {
    display: block;
    font-weight: 600;
  }
  .radio-hint,
  .hint {
    display: block;
    margin: 0;
    color: var(--mashang-color-text-muted);
    font-size: var(--mashang-font-size-small);
  }
  .error {
    color: var(--mashang-color-danger);
    margin: 0;
  }
  .note {
    color: var(--mashang-color-text-muted);
    margin: 0;
    font-size: var(--mashang-font-size-small);
  }
  .note:empty,
  .error:empty {
    display: none;
  }
  .ok {
    color: var(--mashang-color-success);
  }
  .summary,
  .fatal {
    border: 2px solid var(--mashang-color-danger);
    border-radius: var(--mashang-radius);
    padding: var(--mashang-space) calc(var(--mashang-space) * 1.5);
    margin: var(--mashang-space) 0;
  }
  .summary p {
    margin: 0;
    font-weight: 600;
  }
  .summary ul,
  .requirements {
    list-style: none;
    margin: var(--mashang-space) 0 0;
    padding: 0;
  }
  .summary li,
  .requirements li {
    border-inline-start: 4px solid var(--mashang-color-danger);
    padding-inline-start: var(--mashang-space);
    margin: 0 0 var(--mashang-space);
  }
  .summary button.link,
  .requirements button.link {
    display: block;
    width: 100%;
  }
  button.link {
    min-height: var(--mashang-target-size);
    padding: 0;
    border: 0;
    background: none;
    color: var(--mashang-color-primary);
    text-align: start;
    text-decoration: underline;
  }
  .documents {
    list-style: none;
    padding: 0;
    margin: var(--mashang-space) 0 0;
  }
  .document {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 4px var(--mashang-space);
    align-items: center;
    padding: var(--mashang-space) 0;
    border-bottom: 1px solid var(--mashang-color-border);
  }
  .doc-label {
    font-weight: 600;
  }
  .doc-state {
    grid-column: 1;
    display: flex;
    gap: var(--mashang-space);
    align-items: center;
    color: var(--mashang-color-text-muted);
  }
  .document button {
    grid-row: 1 / span 2;
    grid-column: 2;
  }
  .document .error,
  .document .note {
    grid-column: 1 / -1;
  }
  .locate {
    flex-direction: row;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--mashang-space);
  }
  progress {
    width: 8em;
    height: 0.8em;
  }
  .review-section {
    border-top: 1px solid var(--mashang-color-border);
    padding: var(--mashang-space) 0;
  }
  .review-head {
    display: flex;
    justify-content: space-between;
    align-items: center;
  }
  dl {
    display: grid;
    grid-template-columns: minmax(8em, auto) 1fr;
    gap: 4px calc(var(--mashang-space) * 2);
    margin: 0;
  }
  dt {
    color: var(--mashang-color-text-muted);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .status {
    display: flex;
    gap: var(--mashang-space);
    align-items: center;
    padding: calc(var(--mashang-space) * 1.5);
    border-radius: var(--mashang-radius);
    border: 2px solid var(--mashang-color-border);
    font-size: var(--mashang-font-size-large);
    font-weight: 600;
  }
  .status-icon {
    display: inline-grid;
    place-items: center;
    width: 1.6em;
    height: 1.6em;
    border-radius: 50%;
    background: var(--mashang-color-surface);
  }
  .status-approved {
    border-color: var(--mashang-color-success);
    color: var(--mashang-color-success);
  }
  .status-rejected,
  .status-action_required {
    border-color: var(--mashang-color-danger);
    color: var(--mashang-color-danger);
  }
  .actions {
    display: flex;
    justify-content: space-between;
    gap: var(--mashang-space);
    margin-top: calc(var(--mashang-space) * 2);
  }
  .actions .primary {
    margin-inline-start: auto;
  }
`;
