/**
 * Loopback fakes of the cloud services the gateway calls, one package per service, for tests and for trying the
 * gateway by hand.
 */
package org.freerpacapture.fakes;
