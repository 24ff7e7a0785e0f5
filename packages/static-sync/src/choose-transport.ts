import { StaticSyncError } from './errors.js';

export type TransportOption = 'auto' | 'tar' | 'sftp';

/** `auto`: one compressed tar stream when the server has tar and gzip, else SFTP file by file. */
export function chooseTransport(option: TransportOption, serverHasTar: boolean): 'tar' | 'sftp' {
  if (option === 'sftp') return 'sftp';
  if (serverHasTar) return 'tar';
  if (option === 'tar') {
    throw new StaticSyncError({
      code: 'STATIC_TOOLS_MISSING',
      message: 'transport: "tar" was asked for, but the server has no tar or gzip on its PATH.',
      hint: 'Install tar and gzip on the server, or use transport: "auto" (SFTP when tar is missing).',
    });
  }
  return 'sftp';
}
