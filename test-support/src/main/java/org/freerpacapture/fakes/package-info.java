/** Loopback fakes of the cloud OCR services, one package per service, for tests and for trying the gateway by hand. */
package org.freerpacapture.fakes;
