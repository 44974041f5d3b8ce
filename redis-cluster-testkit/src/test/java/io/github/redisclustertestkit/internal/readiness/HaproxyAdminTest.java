package io.github.redisclustertestkit.internal.readiness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HaproxyAdminTest {

    @Test
    void readsServerLinesOfShowStatAndKnowsWhichWereChecked() {
        String csv = "# pxname,svname,qcur,status,check_status,\n"
                + "shard-0-master,FRONTEND,,OPEN,,\n"
                + "shard-0-replicas,redis-1,0,UP,L7OK,\n"
                + "shard-0-replicas,redis-0,0,UP,INI,\n"
                + "shard-0-replicas,BACKEND,0,UP,,\n";
        assertThat(HaproxyAdmin.parseStat(csv)).containsExactly(
                new HaproxyAdmin.ServerState("shard-0-replicas", "redis-1", "UP", "L7OK"),
                new HaproxyAdmin.ServerState("shard-0-replicas", "redis-0", "UP", "INI"));
        assertThat(HaproxyAdmin.parseStat(csv).get(0).checked()).isTrue();
        assertThat(HaproxyAdmin.parseStat(csv).get(1).checked()).isFalse();
    }

    /** Lines captured from HAProxy 2.6's runtime API while a server's first check was running, and after. */
    private static final String HEADER = "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits,srv_icur,src_ilim,qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,agg_server_status,agg_server_check_status,agg_check_status,-,ssl_sess,ssl_reused_sess,ssl_failed_handshake,h2_headers_rcvd,h2_data_rcvd,h2_settings_rcvd,h2_rst_stream_rcvd,h2_goaway_rcvd,h2_detected_conn_protocol_errors,h2_detected_strm_protocol_errors,h2_rst_stream_resp,h2_goaway_resp,h2_open_connections,h2_backend_open_streams,h2_total_connections,h2_backend_total_streams,h1_open_connections,h1_open_streams,h1_total_connections,h1_total_streams,h1_bytes_in,h1_bytes_out,h1_spliced_bytes_in,h1_spliced_bytes_out,";

    @Test
    void aServerWhoseFirstCheckIsStillRunningIsNotChecked() {
        String firstCheckRunning = "shard-0-replicas,redis-1,0,0,0,0,,0,0,0,,0,,0,0,0,0,UP 1/3,1,1,0,0,0,1,0,,1,2,1,,0,,2,0,,0,* INI,,,,,,,,,,,,,0,0,,,,,-1,,,0,0,0,0,,,,Initializing,,2,3,2,,,,127.0.0.1:29872,,tcp,,,,,,,,0,0,0,,,0,,0,0,0,0,0,0,0,0,1,1,,,,-,0,0,0,,,,,,,,,,,,,,,,,,,,,,";
        String firstCheckFailed = "shard-0-replicas,redis-1,0,0,0,0,,0,0,0,,0,,0,0,0,0,DOWN,1,1,0,1,1,0,0,,1,2,1,,0,,2,0,,0,SOCKERR,,4006,,,,,,,,,,,0,0,,,,,-1,Connection reset by peer at step 3 of tcp-check (expect string '+PONG'),,0,0,0,0,,,,Socket error,,2,3,0,,,,127.0.0.1:29872,,tcp,,,,,,,,0,0,0,,,0,,0,0,0,0,0,0,0,0,1,1,,,,-,0,0,0,,,,,,,,,,,,,,,,,,,,,,";

        HaproxyAdmin.ServerState running = HaproxyAdmin.parseStat(HEADER + "\n" + firstCheckRunning + "\n").get(0);
        HaproxyAdmin.ServerState failed = HaproxyAdmin.parseStat(HEADER + "\n" + firstCheckFailed + "\n").get(0);

        assertThat(running).isEqualTo(new HaproxyAdmin.ServerState("shard-0-replicas", "redis-1", "UP 1/3", "* INI"));
        assertThat(running.checked()).isFalse();
        assertThat(failed.checkStatus()).isEqualTo("SOCKERR");
        assertThat(failed.checked()).isTrue();
        assertThat(new HaproxyAdmin.ServerState("b", "s", "UP", "* L7OK").checked())
                .as("a later check running, after a completed one").isTrue();
    }
}
