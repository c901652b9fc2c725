/**
 * The maintenance policy: when each environment may be touched (slots in IANA zones, DST rule in
 * {@code WallClock}), freezes, what each maintenance type demands, conflict rules and recurring
 * windows. {@link io.windowops.scheduler.policy.MaintenancePolicy} loads it from YAML and
 * implements {@link io.windowops.scheduler.policy.WindowPolicy}, the pure interface the saga
 * consults. No I/O after loading and no clock reads. File format: {@code
 * examples/README-policies.md}.
 */
package io.windowops.scheduler.policy;
