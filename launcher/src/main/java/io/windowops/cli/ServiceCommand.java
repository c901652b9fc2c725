package io.windowops.cli;

import io.windowops.executor.ExecutorVerticle;
import io.windowops.notifier.NotifierVerticle;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.service.ServiceLauncher;
import io.windowops.platform.service.WindowOpsService;
import io.windowops.scheduler.SchedulerVerticle;
import io.windowops.validator.ValidatorVerticle;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "service",
    description = {
      "Runs one service against an external Kafka and schema registry (production: one service"
          + " per container). Configured by KAFKA_BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL,"
          + " HTTP_PORT and KAFKA_* variables."
    },
    mixinStandardHelpOptions = true)
final class ServiceCommand implements Callable<Integer> {

  /** The services this jar can run. */
  enum Name {
    scheduler(SchedulerVerticle::new),
    executor(ExecutorVerticle::new),
    validator(ValidatorVerticle::new),
    notifier(NotifierVerticle::new);

    final Function<WindowOpsConfig, WindowOpsService> factory;

    Name(Function<WindowOpsConfig, WindowOpsService> factory) {
      this.factory = factory;
    }
  }

  @Parameters(index = "0", description = "One of: ${COMPLETION-CANDIDATES}.")
  Name name;

  @Override
  public Integer call() throws Exception {
    ServiceLauncher.run(name.factory);
    Thread.currentThread().join();
    return 0;
  }
}
