package org.freerpacapture.adapters;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.Collectors;

/** Everything logged while open, at DEBUG and up, with stack traces, as one text to search for secrets. */
public final class CapturedLogs implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level previous = root.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public CapturedLogs() {
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
    }

    public int events() {
        return appender.list.size();
    }

    public String text() {
        return List.copyOf(appender.list).stream()
                .map(e -> e.getLoggerName() + " " + e.getFormattedMessage() + " " + throwable(e.getThrowableProxy()))
                .collect(Collectors.joining("\n"));
    }

    private static String throwable(IThrowableProxy t) {
        StringBuilder s = new StringBuilder();
        for (IThrowableProxy p = t; p != null; p = p.getCause()) {
            s.append(p.getClassName()).append(": ").append(p.getMessage()).append('\n');
        }
        return s.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(previous);
    }
}
