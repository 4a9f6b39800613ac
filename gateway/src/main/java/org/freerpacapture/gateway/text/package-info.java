/** Text measures shared by the gateway's packages (shadow agreement, screen matching). */
package org.freerpacapture.gateway.text;
