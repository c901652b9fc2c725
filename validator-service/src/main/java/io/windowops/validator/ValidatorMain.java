package io.windowops.validator;

import io.windowops.platform.service.ServiceLauncher;

/** Runs the validator alone (one container per service); configuration from the environment. */
public final class ValidatorMain {

  private ValidatorMain() {}

  public static void main(String[] args) {
    ServiceLauncher.run(ValidatorVerticle::new);
  }
}
