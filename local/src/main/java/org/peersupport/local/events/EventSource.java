package org.peersupport.local.events;

/**
 * Something that invokes a function when an event happens, as an AWS service would (an
 * EventBridge schedule, a DynamoDB stream's event source mapping). Built from one of the function's
 * {@code Events} in template.yaml; started once the stack is up, closed with it.
 */
public interface EventSource extends AutoCloseable {
    void start();

    /** One line for the start-up summary, e.g. {@code SweepFunction.Sweep: rate(5 minutes)}. */
    String describe();

    @Override
    void close();
}
