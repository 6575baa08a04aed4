package org.caseledger.notifications.webhook;

import java.net.UnknownHostException;

/**
 * A webhook's host resolved to an address it may not reach. It is an {@link UnknownHostException} so that the HTTP
 * client treats it as a host it cannot connect to, without trying another address.
 */
public class ForbiddenAddress extends UnknownHostException {

    public ForbiddenAddress(String host, String reason) {
        super(host + " resolves to " + reason + "; webhooks go to public addresses only");
    }
}
