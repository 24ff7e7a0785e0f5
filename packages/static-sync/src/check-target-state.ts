import { StaticSyncError } from './errors.js';
import type { RemoteState } from './remote-state.js';
import { isBelowAny } from './safe-path.js';

/**
 * Refuses a target whose state on the server rules out a sync or a switch: resolved
 * outside the allowed prefixes, not writable by the SSH user, or a `static` that is
 * neither a folder nor a link. `doing` ends the hints ("Nothing was uploaded.").
 */
export function checkTargetState(
  state: Pick<RemoteState, 'realTarget' | 'writable' | 'staticKind'>,
  options: { target: string; host: string; allowedPrefixes: readonly string[]; untouched: string },
): void {
  const { target, host, allowedPrefixes, untouched } = options;
  if (!isBelowAny(state.realTarget, allowedPrefixes)) {
    throw new StaticSyncError({
      code: 'STATIC_TARGET_NOT_ALLOWED',
      message: `target ${target} on ${host} resolves to ${state.realTarget}, outside the allowed prefixes (${allowedPrefixes.join(', ')}).`,
      hint: `A symlink on the server leads elsewhere; point target at the real folder, or add its prefix to allowedPrefixes. ${untouched}`,
    });
  }
  if (!state.writable) {
    throw new StaticSyncError({
      code: 'STATIC_TARGET_NOT_WRITABLE',
      message: `target ${target} on ${host} is not writable by the SSH user.`,
      hint: `Create it and give the deploy user write access (e.g. sudo install -d -o deploy ${target}). ${untouched}`,
    });
  }
  if (state.staticKind === 'other') {
    throw new StaticSyncError({
      code: 'STATIC_TARGET_INVALID',
      message: `${target}/static on ${host} is neither a folder nor a symlink.`,
      hint: `Move that file away; static-sync manages \`static\` as a link to releases/<release>. ${untouched}`,
    });
  }
}
