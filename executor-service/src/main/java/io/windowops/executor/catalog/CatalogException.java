package io.windowops.executor.catalog;

/** A catalog that cannot be used; the message names the file, the line and the field. */
public final class CatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CatalogException(String message) {
    super(message);
  }
}
