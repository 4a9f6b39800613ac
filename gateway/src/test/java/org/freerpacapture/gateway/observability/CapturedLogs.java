package org.freerpacapture.gateway.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the gateway logs while open, encoded by the production configuration's JSON encoder
 * ({@code src/main/resources/logback.xml}), with the gateway's own loggers at DEBUG so that even debug lines are
 * checked. Restores the levels it changed when closed.
 */
public final class CapturedLogs implements AutoCloseable {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Map<String, Level> levels = new HashMap<>();

    public CapturedLogs() throws JoranException {
        appender.setContext(context);
        appender.setName("captured");
        appender.setEncoder(productionEncoder());
        appender.setOutputStream(bytes);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        level(Logger.ROOT_LOGGER_NAME, Level.INFO);
        level("org.freerpacapture", Level.DEBUG);
        level(RequestLog.LOGGER, Level.INFO);
    }

    /** The encoder the production configuration gives its console appender. */
    @SuppressWarnings("unchecked")
    static Encoder<ILoggingEvent> productionEncoder() throws JoranException {
        LoggerContext production = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(production);
        URL config = CapturedLogs.class.getResource("/logback.xml");
        configurator.doConfigure(config);
        var console = (OutputStreamAppender<ILoggingEvent>) production.getLogger(Logger.ROOT_LOGGER_NAME)
                .getAppender("CONSOLE");
        return console.getEncoder();
    }

    private void level(String logger, Level level) {
        Logger l = context.getLogger(logger);
        levels.put(logger, l.getLevel());
        l.setLevel(level);
    }

    public String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }
}
