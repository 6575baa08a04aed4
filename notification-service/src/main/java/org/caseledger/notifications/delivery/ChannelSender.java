package org.caseledger.notifications.delivery;

import org.caseledger.notifications.subscription.Channel;

/** Sends a message over one channel and says what came of it; it does not throw for a receiver's failure. */
public interface ChannelSender {

    Channel channel();

    SendResult send(OutgoingMessage message);
}
