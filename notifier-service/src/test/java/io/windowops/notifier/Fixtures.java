package io.windowops.notifier;

import io.windowops.events.EventMetadata;
import io.windowops.events.MaintenanceType;
import io.windowops.events.NoticeDue;
import io.windowops.events.NoticeKind;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.events.WindowScheduled;
import io.windowops.events.WindowStatus;
import io.windowops.events.WindowSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Window events as the scheduler writes them, for tests. */
public final class Fixtures {

  public static final Instant START = Instant.parse("2026-12-01T02:00:00Z");
  public static final Instant END = Instant.parse("2026-12-01T04:30:00Z");

  private Fixtures() {}

  public static WindowSummary summary(String environment, MaintenanceType type) {
    return WindowSummary.newBuilder()
        .setTitle("PostgreSQL 16 upgrade of orders-db")
        .setDescription("Major version upgrade of the orders database cluster.")
        .setServices(List.of("orders-api", "orders-db"))
        .setEnvironment(environment)
        .setMaintenanceType(type)
        .setImpact("Orders cannot be placed or changed")
        .setAudiences(List.of())
        .setRequester("dba-team@example.com")
        .setLabels(Map.of())
        .build();
  }

  public static NoticeDue notice(String noticeId, NoticeKind kind, WindowSummary summary) {
    return NoticeDue.newBuilder()
        .setNoticeId(noticeId)
        .setKind(kind)
        .setStatus(WindowStatus.SCHEDULED)
        .setSummary(summary)
        .setScheduledStart(START)
        .setScheduledEnd(END)
        .setDueAt(START.minusSeconds(86_400))
        .setLeadTime(kind == NoticeKind.REMINDER ? "PT24H" : null)
        .build();
  }

  public static EventMetadata meta(String windowId, Instant at) {
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setWindowId(windowId)
        .setOccurredAt(at)
        .setActor("scheduler")
        .build();
  }

  public static WindowEventEnvelope envelope(String windowId, Instant at, Object payload) {
    return WindowEventEnvelope.newBuilder().setMetadata(meta(windowId, at)).setPayload(payload).build();
  }

  public static WindowScheduled scheduled(WindowSummary summary, Instant start, Instant end) {
    return WindowScheduled.newBuilder().setSummary(summary).setScheduledStart(start).setScheduledEnd(end).build();
  }
}
