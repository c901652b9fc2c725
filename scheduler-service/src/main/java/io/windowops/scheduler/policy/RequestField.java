package io.windowops.scheduler.policy;

/** Names of the request fields ({@code MaintenanceRequested}) that violations point at. */
final class RequestField {
  static final String ENVIRONMENT = "environment";
  static final String SERVICES = "services";
  static final String TYPE = "maintenanceType";
  static final String START = "requestedStart";
  static final String END = "requestedEnd";

  private RequestField() {}
}
