/**
 * Azure AI Document Intelligence (REST {@code 2024-11-30}, and Form Recognizer {@code 2023-07-31}): submit the
 * document's bytes, poll the {@code Operation-Location} the service returns, map its {@code analyzeResult} to the
 * unified result. Raw adapter: one attempt per call; {@code ResilientProvider} adds retries and the rest.
 */
package org.freerpacapture.adapters.azure;
