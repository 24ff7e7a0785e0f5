import { ONE_OFF_LABEL, SWARMLIFT_LABEL_PREFIX } from '@swarmlift/core';

/** The run's short name (`migrate`, `createsuperuser`, `one-off`). */
export const ONE_OFF_NAME_LABEL = `${SWARMLIFT_LABEL_PREFIX}one-off.name`;

/**
 * The labels of a one-off run: the caller's, then the two of this package
 * (which win). Core's `ONE_OFF_LABEL` holds the stack the run belongs to
 * (empty without one); a one-off never carries `com.docker.stack.namespace`,
 * so a prune plan or a record-less wait beside it does not take it for a
 * service of the stack. Pure.
 */
export function oneOffLabels(input: {
  stack: string | undefined;
  name: string;
  labels?: Readonly<Record<string, string>> | undefined;
}): Record<string, string> {
  return {
    ...input.labels,
    [ONE_OFF_LABEL]: input.stack ?? '',
    [ONE_OFF_NAME_LABEL]: input.name,
  };
}
