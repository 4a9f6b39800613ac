/**
 * TLS of the gateway's listeners: server options from PEM files, kept current while the files change.
 */
package org.freerpacapture.gateway.tls;
