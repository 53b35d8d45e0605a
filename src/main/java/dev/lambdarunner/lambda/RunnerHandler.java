package dev.lambdarunner.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The function's one handler (quarkus-amazon-lambda). A direct invocation ({@code {"trigger":"schedule"}},
 * {@code "keepalive"} or {@code "webhook"}) polls GitLab within the invocation's deadline and returns a
 * {@link PollReport}; a Function URL request is GitLab's job webhook and gets a {@link UrlResponse}. Any other
 * event fails the invocation with a message saying what was expected.
 * <p>
 * A stream handler, so that the event's bytes are read here: with a typed handler the extension reads them first,
 * and an event that is no JSON object would fail with the JSON library's own message and a stack trace.
 */
@ApplicationScoped
public class RunnerHandler implements RequestStreamHandler {

    private static final Logger LOG = Logger.getLogger(RunnerHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final PollSession polls;
    private final WebhookGate webhooks;
    private final DeadlineSource deadlines;
    private final EventReader events = new EventReader();

    RunnerHandler(PollSession polls, WebhookGate webhooks, DeadlineSource deadlines) {
        this.polls = polls;
        this.webhooks = webhooks;
        this.deadlines = deadlines;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaEvent parsed = parse(input.readAllBytes(), context);
        // Each answer is written with its own static type, so the registration test sees what Jackson serializes.
        if (parsed instanceof UrlRequest request) {
            LOG.infof("Lambda event... function URL request request_id=%s", context.getAwsRequestId());
            UrlResponse response = webhooks.handle(request);
            JSON.writeValue(output, response);
        } else {
            Trigger trigger = ((LambdaEvent.Poll) parsed).trigger();
            LOG.infof("Lambda event... %s request_id=%s", trigger.wireName(), context.getAwsRequestId());
            PollReport report = polls.run(trigger, deadlines.of(context));
            JSON.writeValue(output, report);
        }
        output.flush();
    }

    private LambdaEvent parse(byte[] event, Context context) {
        try {
            return LambdaEvent.parse(events.read(event));
        } catch (UnknownEventException e) {
            LOG.warnf("Lambda event... refused request_id=%s cause=%s", context.getAwsRequestId(), e.getMessage());
            throw e;
        }
    }
}
