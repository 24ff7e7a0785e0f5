import { abortReasonError } from '@swarmlift/core';
import type Dockerode from 'dockerode';

/** One Engine API call, for the requests dockerode's typings do not cover well. */
export interface EngineRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path without the API version, e.g. `/configs/create`. */
  path: string;
  /** Query string parameters. */
  query?: Record<string, string | number | boolean> | undefined;
  /** JSON body of a POST. */
  body?: unknown;
  /** The `X-Registry-Auth` header value (core's `encodeRegistryAuth`). */
  registryAuth?: string | undefined;
  /** Aborts the HTTP request; the promise then rejects with the signal's error. */
  signal?: AbortSignal | undefined;
}

/**
 * Sends `request` through `docker`'s modem (so over a Remote's SSH session
 * too) and resolves with the parsed JSON answer. A non-2xx answer rejects
 * with dockerode's error (`statusCode`, the engine's `json` body); an abort
 * rejects with core's CancelledError or the signal's swarmlift error.
 */
export function engineRequest<T>(docker: Dockerode, request: EngineRequest): Promise<T> {
  const { signal } = request;
  if (signal?.aborted) return Promise.reject(abortReasonError(signal));
  const hasQuery = request.query !== undefined && Object.keys(request.query).length > 0;
  const options: Record<string, unknown> = {};
  if (hasQuery) options._query = request.query;
  if (request.body !== undefined) options._body = request.body;
  const modem = docker.modem as unknown as {
    dial(options: Record<string, unknown>, callback: (error: unknown, data: unknown) => void): void;
  };
  return new Promise<T>((resolve, reject) => {
    modem.dial(
      {
        path: `${request.path}${hasQuery ? '?' : ''}`,
        method: request.method,
        options,
        ...(request.registryAuth ? { authconfig: { base64: request.registryAuth } } : {}),
        ...(signal ? { abortSignal: signal } : {}),
        statusCodes: { 200: true, 201: true, 204: true },
      },
      (error, data) => {
        if (signal?.aborted) reject(abortReasonError(signal));
        else if (error) reject(error);
        else resolve(data as T);
      },
    );
  });
}
