// The stored format of a deploy record, format 1. Loaded only by recordDeploy
// and listDeploys (zod's import costs ~0.1 s, which a plan or an apply never pays).
import type Docker from 'dockerode';
import { z } from 'zod';
import {
  type DeployHistoryRecord,
  deployOutcomes,
  type NewDeployRecord,
} from './deploy-history.js';

const isoTime = z
  .string()
  .refine((text) => /^\d{4}-\d{2}-\d{2}T/.test(text) && Number.isFinite(Date.parse(text)), {
    message: 'expected an ISO 8601 time',
  });
const count = z.number().int().nonnegative();
const version = z.number().int().nonnegative();
const actionCounts = z.object({ create: count, update: count, remove: count, unchanged: count });

/** A ServiceSpec as the engine stores it: only its name is checked, the rest is the engine's. */
const serviceSpec = z
  .looseObject({ Name: z.string().min(1) })
  .transform((spec) => spec as Docker.ServiceSpec);

const service = z.object({
  name: z.string().min(1),
  id: z.string().min(1),
  action: z.enum(['create', 'update', 'unchanged']),
  versionBefore: version.optional(),
  versionAfter: version,
  image: z.string(),
  digest: z.string().optional(),
  spec: serviceSpec.optional(),
});

const planSummary = z.object({
  networks: actionCounts,
  secrets: actionCounts,
  configs: actionCounts,
  services: actionCounts,
  changes: count,
  unchanged: z.boolean(),
});

const recordFields = {
  stack: z.string().min(1),
  kind: z.enum(['deploy', 'rollback']),
  version: z.string().min(1),
  image: z.string().min(1),
  digest: z.string().optional(),
  outcome: z.enum(deployOutcomes),
  performer: z.string().min(1),
  startedAt: isoTime,
  finishedAt: isoTime,
  durationMs: count,
  services: z.array(service),
  removedServices: z.array(z.string()),
  staticRelease: z.string().optional(),
  previousStaticRelease: z.string().optional(),
  plan: planSummary.optional(),
  migrations: z.array(z.string()),
  error: z.object({ code: z.string().min(1), message: z.string() }).optional(),
  rolledBackTo: z.object({ id: z.string().min(1), version: z.string().min(1) }).optional(),
};

/** What recordDeploy accepts. */
export const newDeployRecordSchema = z.object(recordFields);

/** A stored record, format 1: `{ format: 1, id, ...the record }`. */
export const storedDeployRecordSchema = z.object({
  format: z.literal(1),
  id: z.string().min(1),
  ...recordFields,
  specsDropped: z.boolean().optional(),
});

// The schemas and the hand-written types describe the same thing.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const newMatches: Same<z.output<typeof newDeployRecordSchema>, NewDeployRecord> = true;
const storedMatches: Same<
  Omit<z.output<typeof storedDeployRecordSchema>, 'format'>,
  DeployHistoryRecord
> = true;
void newMatches;
void storedMatches;
