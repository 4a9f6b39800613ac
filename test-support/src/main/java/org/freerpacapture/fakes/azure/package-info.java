/**
 * A loopback fake of Azure AI Document Intelligence ({@code 2024-11-30}) and Form Recognizer ({@code 2023-07-31}):
 * the analyze-then-poll exchange, error bodies and faults on demand. Start it from tests with
 * {@link org.freerpacapture.fakes.azure.AzureDiFake#start} or by hand with its {@code main}.
 */
package org.freerpacapture.fakes.azure;
