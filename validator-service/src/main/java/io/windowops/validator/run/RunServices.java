package io.windowops.validator.run;

import io.windowops.validator.ledger.ProgressWriter;
import io.windowops.validator.source.Measurer;
import java.time.Clock;

/** What every validation run uses. */
public record RunServices(Measurer measurer, ProgressWriter writer, ValidatorMetrics metrics, Clock clock) {}
