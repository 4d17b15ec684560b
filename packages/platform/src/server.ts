/** @module Serves a platform over HTTP with @hono/node-server. */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createPlatform, type CreatePlatformOptions, type PlatformApp } from './app.js';
import type { PlatformConfig } from './config.js';

/** A listening platform. */
export interface RunningPlatform extends PlatformApp {
  /** `http://127.0.0.1:<port>` */
  url: string;
  server: ServerType;
  /** Stops accepting connections, ends background work, closes storage. */
  close(): Promise<void>;
}

/** Creates the platform and listens on `config.host:config.port` (0 = any free port). */
export async function startPlatform(config: PlatformConfig, options: CreatePlatformOptions = {}): Promise<RunningPlatform> {
  const { platform, app } = await createPlatform(config, options);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  platform.setListeningUrl(url);
  let closed: Promise<void> | undefined;
  return {
    platform,
    app,
    url,
    server,
    close() {
      closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await platform.close();
      })();
      return closed;
    },
  };
}
