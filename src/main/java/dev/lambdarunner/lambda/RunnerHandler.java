package dev.lambdarunner.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * The function's one handler (quarkus-amazon-lambda). A direct invocation ({@code {"trigger":"schedule"}},
 * {@code "keepalive"} or {@code "webhook"}) polls GitLab within the invocation's deadline and returns a
 * {@link PollReport}; a Function URL request is GitLab's job webhook and gets a {@link UrlResponse}. Any other
 * event fails the invocation with a message saying what was expected.
 */
@ApplicationScoped
public class RunnerHandler implements RequestHandler<Map<String, Object>, Object> {

    private static final Logger LOG = Logger.getLogger(RunnerHandler.class);

    private final PollSession polls;
    private final WebhookGate webhooks;
    private final DeadlineSource deadlines;

    RunnerHandler(PollSession polls, WebhookGate webhooks, DeadlineSource deadlines) {
        this.polls = polls;
        this.webhooks = webhooks;
        this.deadlines = deadlines;
    }

    @Override
    public Object handleRequest(Map<String, Object> event, Context context) {
        LambdaEvent parsed;
        try {
            parsed = LambdaEvent.parse(event);
        } catch (UnknownEventException e) {
            LOG.warnf("Lambda event... refused request_id=%s cause=%s", context.getAwsRequestId(), e.getMessage());
            throw e;
        }
        if (parsed instanceof UrlRequest request) {
            LOG.infof("Lambda event... function URL request request_id=%s", context.getAwsRequestId());
            return webhooks.handle(request);
        }
        Trigger trigger = ((LambdaEvent.Poll) parsed).trigger();
        LOG.infof("Lambda event... %s request_id=%s", trigger.wireName(), context.getAwsRequestId());
        return polls.run(trigger, deadlines.of(context));
    }
}
