package dev.lambdarunner.lambda;

import dev.lambdarunner.invoke.InvokeException;

/** Starts a poll session elsewhere and returns without waiting for it. */
interface PollStarter {

    /** @throws InvokeException when the poll could not be started; the message is safe to show */
    void startPoll() throws InvokeException;
}
