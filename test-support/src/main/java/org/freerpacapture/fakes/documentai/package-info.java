/**
 * A loopback Google Document AI ({@link org.freerpacapture.fakes.documentai.DocumentAiFake}) with its own OAuth
 * token endpoint that verifies service-account assertions; run {@code DocumentAiFake [port] [key-file]} to try
 * the gateway by hand.
 */
package org.freerpacapture.fakes.documentai;
