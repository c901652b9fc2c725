package io.windowops.scheduler.saga;

import io.windowops.events.AdmissionCommandEnvelope;
import io.windowops.events.StepCommandEnvelope;
import io.windowops.events.ValidationCommandEnvelope;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.events.WindowStateSnapshot;
import java.util.List;

/**
 * What the saga decided for one input: the window's new state (its {@code deadlines} are the
 * timers the runtime must arm), the facts to publish on {@code windowops.windows.v1}, and the
 * commands for the executor, the validator and the admission owner of the window's environment
 * (slot claims and releases). The runtime writes all of it, with the consumed offset, in one
 * Kafka transaction. {@code state} is null only when the input was ignored for a
 * window that does not exist (nothing to store).
 */
public record Decision(
    WindowStateSnapshot state,
    List<WindowEventEnvelope> events,
    List<StepCommandEnvelope> stepCommands,
    List<ValidationCommandEnvelope> validationCommands,
    List<AdmissionCommandEnvelope> admissionCommands) {

  public Decision {
    events = List.copyOf(events);
    stepCommands = List.copyOf(stepCommands);
    validationCommands = List.copyOf(validationCommands);
    admissionCommands = List.copyOf(admissionCommands);
  }

  /** Nothing to do: a duplicate, or an input that does not apply in the current state. */
  public static Decision unchanged(WindowStateSnapshot state) {
    return new Decision(state, List.of(), List.of(), List.of(), List.of());
  }

  public boolean changesNothing(WindowStateSnapshot before) {
    return events.isEmpty()
        && stepCommands.isEmpty()
        && validationCommands.isEmpty()
        && admissionCommands.isEmpty()
        && java.util.Objects.equals(before, state);
  }
}
