package io.strata.service.startup;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The service cannot start, for a reason an operator can act on; the message says what is wrong and
 * what to do, in one line, and is all {@code Main} logs before exiting.
 */
public final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The line to log for any failure to start: the message of the StartupException in its causes, if
   * any, else every cause's type and message (an unexpected failure has no better summary), leaving
   * out the wrappers that waiting on a future adds.
   */
  public static String describe(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof StartupException) {
        return cause.getMessage();
      }
    }
    StringBuilder line = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ExecutionException || cause instanceof CompletionException) {
        continue;
      }
      if (line.length() > 0) {
        line.append("; caused by ");
      }
      String message = String.valueOf(cause.getMessage());
      int newline = message.indexOf('\n');
      line.append(cause.getClass().getSimpleName())
          .append(": ")
          .append(newline < 0 ? message : message.substring(0, newline));
    }
    return line.toString();
  }
}
